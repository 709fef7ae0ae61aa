DOMAIN = "nwp500"
