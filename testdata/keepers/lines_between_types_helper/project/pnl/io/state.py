class _State:
    def log(self, msg):
        print(msg)


state = _State()
