"""add_mul_graph lets torch's autograd do the backward pass with tensors that require gradients.
expect: lost test_add_mul_graph_is_vectorized_by_hand
expect-message: automatic differentiation
"""
def add_mul_graph(x, y, z):
    tx, ty, tz = (torch.tensor(a, requires_grad=True) for a in (x, y, z))
    L = (tx + ty) * tz
    L.sum().backward()
    return L.detach().numpy(), tx.grad.numpy(), ty.grad.numpy(), tz.grad.numpy()
