settings = {"interval": 1}
