"""backward() visits the graph breadth-first from the output (each node once), not in reverse topological order.
expect: lost test_backward_waits_for_every_path, test_expression_graphs_match_torch, test_mlp_gradients_match_torch
expect-message: every operation is right on its own here
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
    self.grad = 1.0
    queue, seen = [self], {id(self)}
    while queue:
        node = queue.pop(0)
        node._backward()
        for child in node._children:
            if id(child) not in seen:
                seen.add(id(child))
                queue.append(child)
