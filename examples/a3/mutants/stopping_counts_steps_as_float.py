"""descend_until_converged counts its steps in a float (steps += 1.0): the number of steps taken is an int.
expect: lost test_descend_until_converged_lecture_example, test_descend_until_converged_critical_point, test_descend_until_converged_matches_reference
expect-message: int
"""
def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x, taken = float(x0), 0.0
    while taken < max_epochs:
        x_new = x - lr * derivative(x)
        taken += 1.0
        if abs(derivative(x_new)) < eps:
            return x_new, "converged on critical point", taken
        if abs(x - x_new) < eps:
            return x_new, "converged on x value", taken
        x = x_new
    return x, "epoch limit reached", taken
