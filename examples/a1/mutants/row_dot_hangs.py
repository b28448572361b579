"""row_dot never returns; its tests time out, every other task is graded normally.
expect: lost test_row_dot_known_values, test_row_dot_matches_definition, test_row_dot_is_vectorized
expect-message: did not return within
"""
def row_dot(X, Y):
    total = 0.0
    while True:
        total += 1.0
