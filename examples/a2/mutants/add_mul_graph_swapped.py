"""add_mul_graph sends q = x + y back to x and y and z back to z (the product's local gradients swapped).
expect: lost test_add_mul_graph_lecture_example, test_add_mul_graph_matches_autograd
expect-message: dL/dz and dL/dx look swapped
"""
def add_mul_graph(x, y, z):
    q = x + y
    return q * z, q, q, z
