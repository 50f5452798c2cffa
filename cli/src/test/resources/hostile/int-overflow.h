struct a { char x[1 + (2147483647 + 1 < 0)]; };
