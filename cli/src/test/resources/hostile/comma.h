struct a { int x[(1, 2)]; };
