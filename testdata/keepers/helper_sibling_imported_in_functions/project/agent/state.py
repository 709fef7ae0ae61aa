BEATS: "list[str]" = []
