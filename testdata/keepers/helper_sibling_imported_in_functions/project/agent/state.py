BEATS: list[str] = []
