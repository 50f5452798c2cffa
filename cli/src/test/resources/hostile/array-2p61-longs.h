struct a { long x[1L << 61]; };
