package org.fedra.node.onboarding.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads and checks a DICOM Part 10 file completely: the 128-byte preamble and {@code DICM} prefix, the file
 * meta information, then every data element of the data set in its transfer syntax (implicit or explicit VR,
 * little or big endian, deflated; encapsulated pixel data), nested sequences included. A file is refused when
 * the file meta information is missing, a value representation is not a DICOM VR, or an element, item or
 * sequence runs past the end of the file (truncation). Pixel data is not decoded.
 *
 * <p>Only a handful of top-level attributes are kept (see {@link DicomInstance}); everything else is walked to
 * prove the file is whole and skipped.
 */
public final class DicomReader {
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB",
            "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US",
            "UT", "UV");
    private static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UR", "UT", "UN", "SV", "UV");
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000, ITEM_END = 0xFFFEE00D, SEQUENCE_END = 0xFFFEE0DD;
    private static final int MAX_DEPTH = 32;

    private byte[] data;
    private int pos;
    private boolean explicit;
    private boolean bigEndian;
    private final Map<Integer, String> values = new HashMap<>();
    private final Map<Integer, byte[]> imageValues = new HashMap<>();
    private byte[] pixelData;
    private boolean encapsulatedPixels;

    private DicomReader() {
    }

    /** Reads a whole file, or explains why it is not a readable DICOM Part 10 file. */
    public static DicomInstance read(byte[] file) throws InvalidDicomException {
        return new DicomReader().parse(file);
    }

    /**
     * Reads a whole file like {@link #read} and keeps, besides the instance's identity, the raw values of the image
     * attributes ({@link DicomImageAttributes#TAGS}) and the native pixel data, for {@link PixelDecoder}.
     */
    public static DicomImageAttributes readImage(byte[] file) throws InvalidDicomException {
        DicomReader r = new DicomReader();
        DicomInstance instance = r.parse(file);
        return new DicomImageAttributes(instance, Map.copyOf(r.imageValues), r.bigEndian, r.pixelData, r.encapsulatedPixels);
    }

    private DicomInstance parse(byte[] file) throws InvalidDicomException {
        if (file.length < 132 || file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M') {
            throw new InvalidDicomException("not a DICOM Part 10 file: no 'DICM' prefix at byte 128 (file meta information missing)");
        }
        data = file;
        pos = 132;
        explicit = true;
        bigEndian = false;
        // File meta information: group 0002, always explicit VR little endian.
        while (pos + 4 <= data.length && u16(pos) == 0x0002) {
            element(0, true);
        }
        String ts = values.get(0x00020010);
        if (ts == null) throw new InvalidDicomException("file meta information lacks the transfer syntax (0002,0010)");
        if (DEFLATED.equals(ts)) {
            data = inflate(data, pos);
            pos = 0;
        }
        explicit = !IMPLICIT_LE.equals(ts);
        bigEndian = EXPLICIT_BE.equals(ts);
        while (pos < data.length) {
            element(0, false);
        }
        return new DicomInstance(ts, values.get(0x00080016), values.get(0x00080018), values.get(0x0020000D),
                values.get(0x0020000E), values.get(0x00080060), values.get(0x00100020), values.get(0x00100040),
                values.get(0x00100030), values.get(0x00080020), values.get(0x00081030), integer(values.get(0x00200011)),
                integer(values.get(0x00200013)));
    }

    /** Reads one element at {@code pos}; keeps the wanted top-level values. */
    private void element(int depth, boolean meta) throws InvalidDicomException {
        int start = pos;
        need(start, 8, "data element header");
        boolean be = bigEndian && !meta;
        int group = be ? u16be(pos) : u16(pos);
        int elem = be ? u16be(pos + 2) : u16(pos + 2);
        int tag = (group << 16) | elem;
        pos += 4;
        String vr = null;
        long length;
        if (tag == ITEM || tag == ITEM_END || tag == SEQUENCE_END) {
            throw new InvalidDicomException(String.format("unexpected item tag (%04X,%04X) at byte %d", group, elem, start));
        }
        if (explicit || meta) {
            vr = new String(data, pos, 2, StandardCharsets.US_ASCII);
            if (!VRS.contains(vr)) {
                throw new InvalidDicomException(String.format("invalid value representation '%s' of element (%04X,%04X) at byte %d",
                        printable(vr), group, elem, start));
            }
            if (LONG_LENGTH_VRS.contains(vr)) {
                need(pos, 8, "long element header");
                length = be ? u32be(pos + 4) : u32(pos + 4);
                pos += 8;
            } else {
                length = be ? u16be(pos + 2) : u16(pos + 2);
                pos += 4;
            }
        } else {
            length = u32(pos);
            pos += 4;
        }
        if (length == UNDEFINED) {
            if (depth >= MAX_DEPTH) throw new InvalidDicomException("sequences nested deeper than " + MAX_DEPTH + " at byte " + start);
            if (tag == 0x7FE00010) {
                if (depth == 0) encapsulatedPixels = true;
                encapsulatedPixelData(start);
            } else {
                sequence(depth + 1, start, tag, "UN".equals(vr));
            }
            return;
        }
        if (length > data.length - pos) {
            throw new InvalidDicomException(String.format("truncated: element (%04X,%04X) at byte %d declares %d bytes, only %d remain",
                    group, elem, start, length, data.length - pos));
        }
        if ("SQ".equals(vr) && length > 0) {
            int end = pos + (int) length;
            definedLengthSequence(depth + 1, end);
            return;
        }
        if (vr != null && VALUE_PATTERNS.containsKey(vr)) {
            checkValue(vr, group, elem, start, (int) length);
        }
        if (depth == 0 && !meta && tag == 0x7FE00010) {
            pixelData = java.util.Arrays.copyOfRange(data, pos, pos + (int) length);
        } else if (depth == 0 && !meta && DicomImageAttributes.TAGS.contains(tag)) {
            imageValues.put(tag, java.util.Arrays.copyOfRange(data, pos, pos + (int) length));
        }
        if (depth == 0 && (tag == 0x00020010 || WANTED.contains(tag))) {
            values.put(tag, new String(data, pos, (int) length, StandardCharsets.ISO_8859_1).replace("\0", "").trim());
        }
        pos += (int) length;
    }

    /** Values whose form the VR fixes; a file breaking them is corrupt (e.g. NumberOfFrames "1A"). */
    private static final Map<String, java.util.regex.Pattern> VALUE_PATTERNS = Map.of(
            "IS", java.util.regex.Pattern.compile(" *[+-]?[0-9]{1,12} *"),
            "DS", java.util.regex.Pattern.compile(" *[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)? *"),
            "UI", java.util.regex.Pattern.compile("[0-9.]{1,64}"),
            "DA", java.util.regex.Pattern.compile(" *[0-9]{8} *"));

    private void checkValue(String vr, int group, int elem, int start, int length) throws InvalidDicomException {
        String text = new String(data, pos, length, StandardCharsets.ISO_8859_1);
        if (vr.equals("UI")) text = text.replace("\0", "");
        if (text.isBlank()) return;
        for (String v : text.split("\\\\", -1)) {
            if (!v.isEmpty() && !VALUE_PATTERNS.get(vr).matcher(v).matches()) {
                throw new InvalidDicomException(String.format("invalid value '%s' for value representation %s of element (%04X,%04X) at byte %d",
                        printable(v), vr, group, elem, start));
            }
        }
    }

    private static final Set<Integer> WANTED = Set.of(0x00080016, 0x00080018, 0x0020000D, 0x0020000E, 0x00080060, 0x00100020,
            0x00100040, 0x00100030, 0x00080020, 0x00081030, 0x00200011, 0x00200013);

    private void definedLengthSequence(int depth, int end) throws InvalidDicomException {
        while (pos < end) {
            int start = pos;
            int tag = itemTag();
            long len = itemLength();
            if (tag != ITEM) throw new InvalidDicomException(String.format("expected an item at byte %d, found tag %08X", start, tag));
            if (len == UNDEFINED) {
                itemUntilDelimiter(depth, start);
            } else {
                if (len > end - pos) throw new InvalidDicomException("truncated: item at byte " + start + " declares " + len + " bytes beyond its sequence");
                int itemEnd = pos + (int) len;
                while (pos < itemEnd) element(depth, false);
            }
        }
    }

    private void sequence(int depth, int start, int tag, boolean implicitUn) throws InvalidDicomException {
        boolean wasExplicit = explicit;
        if (implicitUn) explicit = false; // UN of undefined length is encoded implicit VR little endian
        try {
            while (true) {
                if (pos + 8 > data.length) {
                    throw new InvalidDicomException(String.format("truncated: sequence (%04X,%04X) starting at byte %d has no end",
                            tag >>> 16, tag & 0xFFFF, start));
                }
                int itemStart = pos;
                int t = itemTag();
                long len = itemLength();
                if (t == SEQUENCE_END) return;
                if (t != ITEM) throw new InvalidDicomException(String.format("expected an item at byte %d, found tag %08X", itemStart, t));
                if (len == UNDEFINED) {
                    itemUntilDelimiter(depth, itemStart);
                } else {
                    if (len > data.length - pos) {
                        throw new InvalidDicomException("truncated: item at byte " + itemStart + " declares " + len + " bytes, only " + (data.length - pos) + " remain");
                    }
                    int end = pos + (int) len;
                    while (pos < end) element(depth, false);
                }
            }
        } finally {
            explicit = wasExplicit;
        }
    }

    private void itemUntilDelimiter(int depth, int itemStart) throws InvalidDicomException {
        while (true) {
            if (pos + 8 > data.length) throw new InvalidDicomException("truncated: item starting at byte " + itemStart + " has no end");
            int save = pos;
            if (itemTag() == ITEM_END) {
                itemLength();
                return;
            }
            pos = save;
            element(depth, false);
        }
    }

    private void encapsulatedPixelData(int start) throws InvalidDicomException {
        while (true) {
            if (pos + 8 > data.length) throw new InvalidDicomException("truncated: encapsulated pixel data starting at byte " + start + " has no end");
            int fragStart = pos;
            int t = itemTag();
            long len = itemLength();
            if (t == SEQUENCE_END) return;
            if (t != ITEM) throw new InvalidDicomException(String.format("expected a pixel data fragment at byte %d, found tag %08X", fragStart, t));
            if (len > data.length - pos) {
                throw new InvalidDicomException("truncated: pixel data fragment at byte " + fragStart + " declares " + len + " bytes, only " + (data.length - pos) + " remain");
            }
            pos += (int) len;
        }
    }

    private int itemTag() {
        int g = bigEndian ? u16be(pos) : u16(pos);
        int e = bigEndian ? u16be(pos + 2) : u16(pos + 2);
        pos += 4;
        return (g << 16) | e;
    }

    private long itemLength() {
        long l = bigEndian ? u32be(pos) : u32(pos);
        pos += 4;
        return l;
    }

    private void need(int at, int n, String what) throws InvalidDicomException {
        if (at + n > data.length) throw new InvalidDicomException("truncated: " + what + " at byte " + at + " runs past the end of the file");
    }

    private int u16(int i) {
        return (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
    }

    private int u16be(int i) {
        return (data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF);
    }

    private long u32(int i) {
        return (u16(i) | (long) u16(i + 2) << 16) & 0xFFFFFFFFL;
    }

    private long u32be(int i) {
        return ((long) u16be(i) << 16 | u16be(i + 2)) & 0xFFFFFFFFL;
    }

    private static byte[] inflate(byte[] file, int from) throws InvalidDicomException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(file, from, file.length - from);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InvalidDicomException("truncated: deflated data set ends before its end marker");
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new InvalidDicomException("deflated data set is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        return b.toString();
    }
}
