struct a { int x __attribute__((aligned(1L << 40))); };
