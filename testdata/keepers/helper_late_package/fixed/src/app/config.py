NAME = "demo"
