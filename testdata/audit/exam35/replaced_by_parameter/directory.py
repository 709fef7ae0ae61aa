from registration import Registration


class Directory:
    def __init__(self):
        self.entries = {}

    def register(self, key, params):
        registration = Registration()
        registration.update(params, is_initial=True)
        self.entries[key] = registration

    def refresh(self, key, params):
        # Not passed: the timeout is not set again here.
        self.entries[key].update(params)
