"""
MIT License

Copyright (c) 2021-Present Lic Guild

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software, to deal in the Software without restriction.
"""
