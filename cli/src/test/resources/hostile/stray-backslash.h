struct a { int x \ ; };
