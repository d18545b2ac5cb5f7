//! `too_long`: the struct plus its `#[orchestrate]` block span more than `max_lines` lines.
//!
//! The derive knows the struct's lines (`Parts::LINES`) and the limit (`Parts::MAX_LINES`);
//! this macro knows the block's lines. So the check is a const assertion that the expansion
//! emits, spanned at the block's `impl` token, with the [`TooLong`] measured here.

use crate::orchestrate::model::Block;
use crate::rule::Rule;

/// What the assertion of one block compares and says.
pub struct TooLong {
    /// The source lines of the block, from `impl ... {` to `}`.
    pub lines: usize,
    /// The error message when the struct plus the block are too long.
    pub message: String,
}

/// The block's measure; `None` with `allow(too_long)`, or when the block's source is not
/// available to count.
pub fn measure(block: &Block<'_>) -> Option<TooLong> {
    if block.allow.contains(&Rule::TooLong) {
        return None;
    }
    let text = block.item.brace_token.span.join().source_text()?;
    let lines = text.lines().count().max(1);
    let message = Rule::TooLong.message(
        format_args!(
            "`{}` and its #[orchestrate] block (this block: {lines} lines) are longer than max_lines",
            block.name
        ),
        "an orchestrator stays thin so its coordination reads at a glance",
        "move logic into components or split the orchestrator, raise #[orchestrator(max_lines = N)]",
    );
    Some(TooLong { lines, message })
}
