"""backward() never sets the output's grad to 1, so every gradient stays 0.
expect: lost test_local_derivatives_known_values, test_add_sub_derivatives, test_mul_div_derivatives, test_pow_derivative, test_exp_log_derivatives, test_tanh_relu_derivatives, test_backward_known_values, test_node_used_twice_known_values, test_backward_waits_for_every_path, test_backward_deep_chain, test_expression_graphs_match_torch, test_shared_subexpressions_match_torch, test_mlp_gradients_match_torch
expect-message: setting the output's own grad to 1
expect-no-message: the local derivative of
replaces: Value.backward
"""
def backward(self):
    """Fill in ``grad`` of every node this one depends on: d(self)/d(node).

    Orders the graph topologically (every node after the nodes it was computed
    from), sets this node's grad to 1 and applies each node's local rule from
    this node back to the leaves, so a node passes its gradient on only after
    every use of it has added its share.
    """
    order, seen = [], set()
    stack = [(self, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in node._children)
    for node in reversed(order):
        node._backward()
