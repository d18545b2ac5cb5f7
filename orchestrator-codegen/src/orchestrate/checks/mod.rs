//! Stage 3: the impl rules, one module per rule, found by its name. Each reads the block's
//! model and reports; none builds anything. `too_long` needs the struct's size, which only the
//! derive knows, so [`too_long`] measures the block and the expansion emits a compile-time
//! assertion comparing both.

mod body;
mod business_logic;
mod complex_conditional;
mod direct_io;
mod hidden_coordination;
pub mod too_long;

use super::model::Block;
use crate::diag::Diagnostics;

/// Runs every impl rule that reads the block.
pub fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    business_logic::check(block, errors);
    complex_conditional::check(block, errors);
    direct_io::check(block, errors);
    hidden_coordination::check(block, errors);
}
