"""optimizer_paths starts every step from a zero state (and t = 1), so momentum and the averages never build up.
expect: lost test_optimizer_paths_known_path, test_optimizer_paths_match_reference
expect-message: the state starts again from zeros at every step
"""
def optimizer_paths(grad, x0, steps, settings):
    paths = {}
    for name in ["sgd", "momentum", "nesterov", "rmsprop", "adam"]:
        path = [np.array(x0, dtype=float)]
        for _ in range(steps):
            w = path[-1]
            zero = np.zeros_like(w)
            if name == "sgd":
                path.append(sgd_step(w, grad(w), **settings[name]))
            elif name == "adam":
                path.append(adam_step(w, grad(w), zero, zero, 1, **settings[name])[0])
            else:
                stepper = {"momentum": momentum_step, "nesterov": nesterov_step, "rmsprop": rmsprop_step}[name]
                path.append(stepper(w, grad(w), zero, **settings[name])[0])
        paths[name] = np.array(path)
    return paths
