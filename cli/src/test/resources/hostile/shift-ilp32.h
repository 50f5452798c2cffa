struct a { char x[(1UL << 40) > 0]; };
