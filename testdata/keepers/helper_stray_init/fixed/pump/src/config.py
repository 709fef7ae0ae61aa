RPC_URL = "http://localhost:8899"
