//! Part of stage 2: the initialization order, and the two rules found while computing it,
//! `unknown_dependency` and `dependency_cycle`. It sees the components only as [`Node`]s, so
//! the model can call it while it is being built.
//!
//! `#[component(after(a, b))]` names *field names* of other components (not their
//! `name = "..."`): field names are identifiers the compiler already checks for uniqueness, and
//! they are what the coordination code writes (`self.a`). The initialization order is the
//! declaration order refined by these dependencies: a stable topological sort that, at each
//! step, takes the earliest-declared component whose dependencies are all initialized.

use std::collections::BTreeSet;

use syn::{Ident, Path};

use crate::diag::{Diagnostics, did_you_mean};
use crate::rule::Rule;

/// The reason of every `dependency_cycle` error.
const NO_ORDER: &str = "no initialization order exists";

/// One component as the order sees it, in declaration order.
pub struct Node<'a> {
    /// The field's name.
    pub ident: &'a Ident,
    /// The component's name (`name = "..."`, default: the field's name).
    pub name: &'a str,
    /// `after(...)`: field names of the components it comes after.
    pub after: &'a [Path],
    /// `uses(...)`: field names of the components it comes after and receives in its `init`.
    pub uses: &'a [Path],
}

impl Node<'_> {
    /// Every dependency it names, with the key that names it.
    fn named(&self) -> impl Iterator<Item = (&Path, &'static str)> {
        self.after.iter().map(|p| (p, "after")).chain(self.uses.iter().map(|p| (p, "uses")))
    }
}

/// What one entry of `uses(...)` passes to the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    /// A shared reference to the component of this index (declaration order).
    Component(usize),
    /// The orchestrator's live status (`uses(lifecycle)`, naming the `Lifecycle` field): a
    /// `StatusHandle`. No ordering: the lifecycle exists before every component.
    Status,
}

/// The initialization order and the dependencies it respects.
pub struct Order {
    /// Indices into the components (declaration order), in initialization order.
    pub order: Vec<usize>,
    /// Per component (declaration order), the components (declaration order) it comes after.
    pub deps: Vec<Vec<usize>>,
    /// Per component (declaration order), what its `uses(...)` names, in the order written
    /// (unknown names left out).
    pub uses: Vec<Vec<Used>>,
}

/// Resolves every component's `after(...)` into declaration indices and computes the
/// initialization order; `others` are the struct's other fields, among them `lifecycle`, the
/// `Lifecycle` field, which `uses(...)` may name for the live status, and `config`, the config
/// field. Unknown names and cycles are reported; the order then still contains every component
/// once (a cycle is broken at its reported edge).
pub fn resolve(
    components: &[Node<'_>],
    others: &[&Ident],
    lifecycle: Option<&Ident>,
    config: Option<&Ident>,
    errors: &mut Diagnostics,
) -> Order {
    let mut deps = Vec::with_capacity(components.len());
    let mut uses = Vec::with_capacity(components.len());
    for (index, component) in components.iter().enumerate() {
        let mut mine = Vec::new();
        let mut used = Vec::new();
        for (path, key) in component.named() {
            if key == "uses" && lifecycle.is_some_and(|lifecycle| path.is_ident(lifecycle)) {
                used.push(Used::Status);
                continue;
            }
            match lookup(components, others, lifecycle, config, path, key) {
                Ok(found) if found == index => errors.at(
                    path,
                    Rule::DependencyCycle.message(
                        format_args!("`{}` is initialized after itself", component.ident),
                        NO_ORDER,
                        format_args!("remove `{}` from its own `{key}(...)`", component.ident),
                    ),
                ),
                Ok(found) if key == "uses" && used.contains(&Used::Component(found)) => errors.at(
                    path,
                    format!(
                        "`{}` is named twice in `uses(...)`: `uses` lends each component once, and the list is what `{}`'s `init` and `cleanup` receive. help: remove the second `{}`",
                        quote::ToTokens::to_token_stream(path).to_string().replace(' ', ""),
                        component.ident,
                        quote::ToTokens::to_token_stream(path).to_string().replace(' ', ""),
                    ),
                ),
                Ok(found) => {
                    if !mine.contains(&found) {
                        mine.push(found);
                    }
                    if key == "uses" {
                        used.push(Used::Component(found));
                    }
                }
                Err(message) => errors.at(path, message),
            }
        }
        deps.push(mine);
        uses.push(used);
    }
    let (order, cycles) = topological_order(&deps);
    for cycle in cycles {
        let (Some(&first), Some(&second)) = (cycle.first(), cycle.get(1)) else { continue };
        let names: Vec<String> = cycle
            .iter()
            .chain(Some(&first))
            .filter_map(|&i| components.get(i))
            .map(|c| format!("`{}`", c.ident))
            .collect();
        let message = Rule::DependencyCycle.message(
            format_args!("{} (each is initialized after the next)", names.join(" → ")),
            NO_ORDER,
            "remove one of these `after(...)` or `uses(...)` entries",
        );
        let Some(component) = components.get(first) else { continue };
        match component.named().find(|(p, key)| lookup(components, others, lifecycle, config, p, key) == Ok(second)) {
            Some((path, _)) => errors.at(path, message),
            None => errors.at(component.ident, message),
        }
    }
    Order { order, deps, uses }
}

/// The component a path in `after(...)` (or `uses(...)`: `key`) names, or the
/// `unknown_dependency` message.
fn lookup(
    components: &[Node<'_>],
    others: &[&Ident],
    lifecycle: Option<&Ident>,
    config: Option<&Ident>,
    path: &Path,
    key: &str,
) -> Result<usize, String> {
    let text = quote::ToTokens::to_token_stream(path).to_string().replace(' ', "");
    if let Some(ident) = path.get_ident()
        && let Some(index) = components.iter().position(|c| c.ident == ident)
    {
        return Ok(index);
    }
    let fields: Vec<String> = components.iter().map(|c| c.ident.to_string()).collect();
    if config.is_some_and(|config| *config == text.as_str()) {
        return Err(Rule::UnknownDependency.message(
            format_args!("`{key}({text})` names the orchestrator's config, not a component"),
            "the config has no `init` to come after, and components get it when they are built, through `FromConfig`",
            format_args!(
                "remove `{text}` from `{key}(...)`{}",
                if key == "uses" {
                    " (and `uses()` once it is empty); a component that needs the config implements `Component` and `FromConfig<Config>`, and `#[orchestrator(from_config)]` builds it"
                } else {
                    ""
                }
            ),
        ));
    }
    let hint = if lifecycle.is_some_and(|lifecycle| path.is_ident(lifecycle)) {
        format!(
            "`{text}` is the orchestrator's own state, there before every component: remove it from `{key}(...)`; to receive the orchestrator's live status, list it in `uses(...)`"
        )
    } else if let Some(other) = others.iter().find(|o| **o == text.as_str()) {
        format!(
            "`{other}` is a field of the struct but not a component, so it is never initialized; remove it from `{key}(...)`, or mark `{other}` #[component]"
        )
    } else if let Some(c) = components.iter().find(|c| c.name == text) {
        format!(
            "`{key}(...)` takes field names, and `{text}` is the name of the component in field `{}`: write `{key}({})`",
            c.ident, c.ident
        )
    } else if let Some(best) = did_you_mean(&text, fields.iter().map(String::as_str)) {
        format!("did you mean `{best}`?")
    } else if fields.is_empty() {
        "mark the components #[component]".to_string()
    } else {
        format!(
            "name one of the components by its field: {}",
            fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        )
    };
    Err(Rule::UnknownDependency.message(
        format_args!("`{key}({text})` names no component of this orchestrator"),
        "there is nothing to initialize it after",
        hint,
    ))
}

/// The stable topological order of `deps` (per node, the nodes it comes after), and the cycles
/// found, each as the list of its nodes starting at its earliest-declared one, where each node
/// comes after the next. Every node appears in the order exactly once.
pub fn topological_order(deps: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let count = deps.len();
    let mut pending: Vec<BTreeSet<usize>> =
        deps.iter().enumerate().map(|(i, d)| d.iter().copied().filter(|&j| j < count && j != i).collect()).collect();
    let mut done = vec![false; count];
    let mut order = Vec::with_capacity(count);
    let mut cycles = Vec::new();
    while order.len() < count {
        let ready = (0..count)
            .find(|&i| !done.get(i).copied().unwrap_or(true) && pending.get(i).is_some_and(BTreeSet::is_empty));
        if let Some(node) = ready {
            order.push(node);
            if let Some(flag) = done.get_mut(node) {
                *flag = true;
            }
            for set in &mut pending {
                set.remove(&node);
            }
            continue;
        }
        let Some(cycle) = find_cycle(&pending, &done) else { break };
        if let (Some(&first), Some(&second)) = (cycle.first(), cycle.get(1).or(cycle.first()))
            && let Some(set) = pending.get_mut(first)
        {
            set.remove(&second);
        }
        cycles.push(cycle);
    }
    // Unreachable in practice (a blocked graph always has a cycle); keeps every node listed.
    order.extend((0..count).filter(|&i| !done.get(i).copied().unwrap_or(true)));
    (order, cycles)
}

/// A cycle among the nodes not yet done, all of which wait on some other such node.
fn find_cycle(pending: &[BTreeSet<usize>], done: &[bool]) -> Option<Vec<usize>> {
    let start = (0..pending.len()).find(|&i| !done.get(i).copied().unwrap_or(true))?;
    let mut path = vec![start];
    let mut node = start;
    for _ in 0..=pending.len() {
        node = *pending.get(node)?.iter().next()?;
        if let Some(at) = path.iter().position(|&n| n == node) {
            let mut cycle = path.split_off(at);
            // Start the cycle at its earliest-declared node, keeping its direction.
            let min_at = cycle.iter().enumerate().min_by_key(|&(_, &n)| n).map_or(0, |(i, _)| i);
            cycle.rotate_left(min_at);
            return Some(cycle);
        }
        path.push(node);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::topological_order;

    #[test]
    fn no_dependencies_keeps_declaration_order() {
        assert_eq!(topological_order(&[vec![], vec![], vec![]]), (vec![0, 1, 2], vec![]));
        assert_eq!(topological_order(&[]), (vec![], vec![]));
    }

    #[test]
    fn dependency_moves_only_what_it_must() {
        // 0 after 2: 1 is independent and keeps its place before 2.
        assert_eq!(topological_order(&[vec![2], vec![], vec![]]).0, vec![1, 2, 0]);
        // 1 after 0 is already satisfied.
        assert_eq!(topological_order(&[vec![], vec![0], vec![]]).0, vec![0, 1, 2]);
        // A chain declared backwards.
        assert_eq!(topological_order(&[vec![1], vec![2], vec![3], vec![]]).0, vec![3, 2, 1, 0]);
        // Diamond: 3 after 1 and 2, 1 and 2 after 0.
        assert_eq!(topological_order(&[vec![], vec![0], vec![0], vec![1, 2]]).0, vec![0, 1, 2, 3]);
        // Earliest ready first: 2 becomes ready before 1 does.
        assert_eq!(topological_order(&[vec![3], vec![0], vec![], vec![]]).0, vec![2, 3, 0, 1]);
    }

    #[test]
    fn cycles_are_named_whole_from_their_first_node() {
        let (order, cycles) = topological_order(&[vec![1], vec![2], vec![0]]);
        assert_eq!(cycles, vec![vec![0, 1, 2]]);
        assert_eq!(order.len(), 3);
        let (_, cycles) = topological_order(&[vec![], vec![2], vec![3], vec![1]]);
        assert_eq!(cycles, vec![vec![1, 2, 3]]);
        // Two independent cycles are both reported.
        let (order, cycles) = topological_order(&[vec![1], vec![0], vec![3], vec![2], vec![]]);
        assert_eq!(cycles, vec![vec![0, 1], vec![2, 3]]);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn self_and_out_of_range_edges_are_ignored() {
        assert_eq!(topological_order(&[vec![0], vec![7]]), (vec![0, 1], vec![]));
    }
}
