"""descend_until_converged reports the 0-based epoch index instead of the number of steps.
expect: lost test_descend_until_converged_lecture_example, test_descend_until_converged_critical_point, test_descend_until_converged_matches_reference
expect-message: off by one
"""
def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x = x0
    for epoch in range(max_epochs):
        x_new = x - lr * derivative(x)
        if abs(derivative(x_new)) < eps:
            return x_new, "converged on critical point", epoch
        if abs(x - x_new) < eps:
            return x_new, "converged on x value", epoch
        x = x_new
    return x, "epoch limit reached", max_epochs
