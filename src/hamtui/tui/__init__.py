"""The full-screen app (floor 3): the only part of hamtui that imports Textual."""
