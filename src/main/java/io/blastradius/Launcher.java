package io.blastradius;
public final class Launcher { public static void main(String[] a) {} }
