package org.fedra.cli;

public final class Fedra {
    public static void main(String[] args) {
        System.out.println("fedra");
    }
}
