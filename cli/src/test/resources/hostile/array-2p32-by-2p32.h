struct a { long x[1UL << 32][1UL << 32]; };
