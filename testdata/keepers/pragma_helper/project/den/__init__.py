#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""The __init__ module."""
