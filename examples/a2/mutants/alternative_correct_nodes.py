"""Correct, written differently: lecture-style node objects with their own forward() and backward() methods in NumPy, and a generator over the two terms of f.
expect: full
"""
class Add:
    def forward(self, a, b):
        return a + b

    def backward(self, upstream):
        return upstream * 1.0, upstream * 1.0


class Mul:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, upstream):
        return upstream * self.b, upstream * self.a


class Sigmoid:
    def forward(self, z):
        self.out = 1.0 / (1.0 + np.exp(-z))
        return self.out

    def backward(self, upstream):
        return upstream * self.out * (1.0 - self.out)


def grad_f_numpy(X):
    # f is the same product at two frequencies c: d/dx1 = c cos(c x1) cos(c x2), d/dx2 = -c sin(c x1) sin(c x2)
    d1 = sum(c * np.cos(c * X[:, 0]) * np.cos(c * X[:, 1]) for c in (1.0, 0.5))
    d2 = sum(-c * np.sin(c * X[:, 0]) * np.sin(c * X[:, 1]) for c in (1.0, 0.5))
    return np.stack([d1, d2], axis=1)


def grad_f_torch(X):
    columns = []
    for partial in (0, 1):
        total = torch.zeros_like(X[:, 0])
        for c in (1.0, 0.5):
            if partial == 0:
                total = total + c * torch.cos(c * X[:, 0]) * torch.cos(c * X[:, 1])
            else:
                total = total - c * torch.sin(c * X[:, 0]) * torch.sin(c * X[:, 1])
        columns.append(total)
    return torch.stack(columns, dim=1)


def poly_derivative(x):
    coefficients = (8.0, 3.0, -6.0)  # of x^3, x^2, x^1
    return sum(a * x ** (3 - k) for k, a in enumerate(coefficients))


def add_mul_graph(x, y, z):
    add, mul = Add(), Mul()
    q = add.forward(x, y)
    L = mul.forward(q, z)
    dL_dq, dL_dz = mul.backward(np.ones_like(L))
    dL_dx, dL_dy = add.backward(dL_dq)
    return L, dL_dx, dL_dy, dL_dz


def sigmoid_neuron(X, w, b):
    sigmoid = Sigmoid()
    out = sigmoid.forward(X @ w + b)
    local = sigmoid.backward(np.ones_like(out))
    return out, local[:, None] * w, local[:, None] * X, local


def y_partials(x, z):
    log_x = np.log(x)
    e = np.exp(x * z)
    quotient_dx = (z * log_x - x * z / x) / log_x**2
    sin_dx = (np.cos(log_x) / x * (x * z) - np.sin(log_x) * z) / (x * z) ** 2
    dy_dx = z * e + quotient_dx + sin_dx
    dy_dz = x * e + x / log_x - np.sin(log_x) * x / (x * z) ** 2
    return dy_dx, dy_dz


def mse_line_gradient(x, y, w, b):
    residual = w * x + b - y
    n = x.shape[0]
    return np.array([2.0 * residual @ x / n, 2.0 * residual.sum() / n])


def central_difference_gradient(fun, x, h=1e-6):
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for i in range(len(x)):
        saved = x[i]
        x[i] = saved + h
        plus = fun(x.copy())
        x[i] = saved - h
        minus = fun(x.copy())
        x[i] = saved
        grad[i] = (plus - minus) / (2 * h)
    return grad
