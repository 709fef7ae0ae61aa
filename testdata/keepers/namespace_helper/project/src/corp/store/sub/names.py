JOBS = "jobs"
