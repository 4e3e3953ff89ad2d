/**
 * Analysis packages: a researcher's own code that travels to the nodes ("code to data"). A package is a directory or
 * a zip archive holding a {@link org.fedra.protocol.pkg.PackageManifest manifest} ({@code manifest.json}: name,
 * version, language and entry point, the data it needs, the outputs it will write and its resource limits) and the
 * code, nothing else. It is known by its {@link org.fedra.protocol.pkg.PackageHash content hash}, which a node's data
 * steward approves, and is signed by the researcher's key ({@link org.fedra.protocol.pkg.PackageSignature}).
 */
package org.fedra.protocol.pkg;
