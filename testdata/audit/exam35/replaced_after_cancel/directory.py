from registration import Registration


class Renewing(Registration):
    def refresh_timeout(self):
        self.timeout.cancel()
        self._set_timeout()
