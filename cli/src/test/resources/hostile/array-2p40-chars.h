struct a { char x[1LL << 40]; };
