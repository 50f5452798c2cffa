struct a { _Bool x : 2; };
