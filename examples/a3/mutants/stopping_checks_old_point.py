"""descend_until_converged tests the derivative at the start of the next epoch, one step late.
expect: lost test_descend_until_converged_critical_point, test_descend_until_converged_matches_reference
expect-message: at the new point x_new
"""
def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x = x0
    for epoch in range(1, max_epochs + 1):
        slope = derivative(x)
        if abs(slope) < eps:
            return x, "converged on critical point", epoch
        x_new = x - lr * slope
        if abs(x - x_new) < eps:
            return x_new, "converged on x value", epoch
        x = x_new
    return x, "epoch limit reached", max_epochs
