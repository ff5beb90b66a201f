print("embody")
