"""y_partials differentiates sin(ln x) as cos(ln x), forgetting the inner derivative 1/x.
expect: lost test_y_partials_lecture_example, test_y_partials_matches_autograd
expect-message: the inner derivative 1/x of ln x is missing
"""
def y_partials(x, z):
    log_x = np.log(x)
    e = np.exp(x * z)
    dy_dx = z * e + z / log_x - z / log_x**2 + np.cos(log_x) / (x * z) - np.sin(log_x) / (x**2 * z)
    dy_dz = x * e + x / log_x - np.sin(log_x) / (x * z**2)
    return dy_dx, dy_dz
