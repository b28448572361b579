"""softmax subtracts Z.max(dim=1).values of shape (n,), which lines up with the columns instead of the rows.
expect: lost test_softmax_known_values, test_softmax_matches_definition, test_softmax_rows_sum_to_one_and_ignore_shifts, test_softmax_survives_huge_logits, test_softmax_is_vectorized_and_from_scratch, test_softmax_temperature_known_values, test_softmax_temperature_matches_definition, test_softmax_temperature_limits, test_cross_entropy_gradient_known_values, test_cross_entropy_gradient_matches_autograd, test_cross_entropy_gradient_matches_finite_differences, test_cross_entropy_gradient_uses_no_autograd, test_train_softmax_lecture_data, test_train_softmax_follows_the_convention, test_train_softmax_generalises
expect-message: keepdim=True
"""
def softmax(Z):
    shifted = Z - Z.max(dim=1).values
    exponentials = torch.exp(shifted)
    return exponentials / exponentials.sum(dim=1, keepdim=True)
