struct a { int x __attribute__((aligned(3))); };
