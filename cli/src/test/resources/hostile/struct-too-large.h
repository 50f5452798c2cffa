struct a { char x[1UL << 62]; char y[1UL << 62]; };
