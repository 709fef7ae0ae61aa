//! Function summaries: what a function of the checked code returns on each of its paths, as
//! plain data that outlives the file's tree (issue 35, point 3). A function that returns a task
//! on some paths only (`if inline: return await f()` … `return task`) is a task factory for the
//! calls whose arguments select the task's paths, and for no other: a call that selects the
//! other paths drops no task, and one whose arguments do not decide it proves nothing.

use std::collections::HashMap;

/// A value a call passes, or a parameter's default, as far as the summary needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    /// Anything else: a name, a call, an expression.
    Unknown,
}

impl Value {
    fn truthy(&self) -> Option<bool> {
        match self {
            Value::None => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::Str(s) => Some(!s.is_empty()),
            Value::Unknown => None,
        }
    }

    /// `a == b` of two known values (Python's `True == 1` aside: told apart, so undecided).
    fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Unknown, _) | (_, Value::Unknown) => None,
            (Value::Bool(_), Value::Int(_)) | (Value::Int(_), Value::Bool(_)) => None,
            (a, b) => Some(a == b),
        }
    }

    /// `a is b`: only `None`, `True` and `False` are one object each.
    fn is(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::None | Value::Bool(_), Value::None | Value::Bool(_)) => Some(self == other),
            (Value::Unknown, _) | (_, Value::Unknown) => None,
            // A literal against a singleton: never the same object.
            (_, Value::None | Value::Bool(_)) | (Value::None | Value::Bool(_), _) => Some(false),
            _ => None,
        }
    }
}

/// A test on one parameter (its index in [`Returns::params`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Test {
    Truthy(usize),
    Is(usize, Value),
    Equals(usize, Value),
}

/// A condition a path is taken under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cond {
    Test(Test),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    /// Anything the arguments cannot decide.
    Opaque,
}

impl Cond {
    /// True, false, or undecided (`None`), for the parameters' values.
    fn eval(&self, values: &[Value]) -> Option<bool> {
        let value = |i: &usize| values.get(*i).unwrap_or(&Value::Unknown);
        match self {
            Cond::Test(Test::Truthy(p)) => value(p).truthy(),
            Cond::Test(Test::Is(p, v)) => value(p).is(v),
            Cond::Test(Test::Equals(p, v)) => value(p).equals(v),
            Cond::Not(c) => c.eval(values).map(|b| !b),
            // Three-valued: one false operand decides `and`, one true decides `or`.
            Cond::And(cs) => fold(cs, values, false),
            Cond::Or(cs) => fold(cs, values, true),
            Cond::Opaque => None,
        }
    }

    /// The parameters the condition tests.
    fn params(&self, into: &mut Vec<usize>) {
        match self {
            Cond::Test(Test::Truthy(p) | Test::Is(p, _) | Test::Equals(p, _)) => into.push(*p),
            Cond::Not(c) => c.params(into),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.params(into)),
            Cond::Opaque => {}
        }
    }
}

fn fold(conds: &[Cond], values: &[Value], decisive: bool) -> Option<bool> {
    let mut all_known = true;
    for c in conds {
        match c.eval(values) {
            Some(b) if b == decisive => return Some(decisive),
            Some(_) => {}
            None => all_known = false,
        }
    }
    all_known.then_some(!decisive)
}

pub use crate::scan::params::ParamKind;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// Its default, when it has one.
    pub default: Option<Value>,
}

/// One way out of the function that returns: the conditions it is taken under, and whether it
/// returns one of the function's own tasks that nothing else keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Exit {
    pub when: Vec<Cond>,
    pub task: bool,
    /// The task is returned from within an expression (`return create_task(c) if now else
    /// None`), where `fix` cannot keep it.
    pub within_expression: bool,
}

/// What a function returns, per path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Returns {
    /// Its parameters, `self` or `cls` of a method left out.
    pub params: Vec<Param>,
    pub exits: Vec<Exit>,
}

/// The arguments of one call, as written.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: HashMap<String, Value>,
    /// A `*xs` stands among the positional arguments: the positions from there are unknown.
    pub spread: bool,
    /// A `**kw`: any parameter not named may be in it.
    pub spread_keywords: bool,
}

/// What a call of a function with [`Returns`] gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// One of its tasks, on every path the arguments leave open; why `fix` cannot keep it
    /// there, if it cannot.
    Task(Option<&'static str>),
    /// No task on any of them.
    NoTask,
    /// A task on some of them only: the reason, for `audit` to print as `unknown`.
    Unknown(String),
}

impl Returns {
    /// Whether some path returns a task and some other does not, and arguments can close every
    /// other path: a summary worth keeping (one some call can find a task by). A path that no
    /// test of a parameter guards is open to every call. Keeping no other spares the run the
    /// files that call such a function (each parsed whole, as a factory's callers are).
    pub fn is_conditional(&self) -> bool {
        let guarded = |e: &Exit| {
            e.when.iter().any(|c| {
                let mut tested = Vec::new();
                c.params(&mut tested);
                !tested.is_empty()
            })
        };
        self.exits.iter().any(|e| e.task)
            && self.exits.iter().any(|e| !e.task)
            && self.exits.iter().filter(|e| !e.task).all(guarded)
    }

    /// The values the call binds to the parameters (unknown where it does not say).
    fn bind(&self, args: &Args) -> Vec<Value> {
        let mut position = 0;
        let bound = |p: &Param, position: &mut usize| {
            if matches!(p.kind, ParamKind::Either | ParamKind::PositionalOnly) {
                *position += 1;
                if let Some(v) = args.positional.get(*position - 1) {
                    return v.clone();
                }
                if args.spread {
                    return Value::Unknown;
                }
            }
            let by_keyword = matches!(p.kind, ParamKind::Either | ParamKind::KeywordOnly);
            if let Some(v) = args.keywords.get(&p.name).filter(|_| by_keyword) {
                return v.clone();
            }
            if p.kind == ParamKind::Rest || (by_keyword && args.spread_keywords) {
                return Value::Unknown;
            }
            p.default.clone().unwrap_or(Value::Unknown)
        };
        self.params
            .iter()
            .map(|p| bound(p, &mut position))
            .collect()
    }

    /// What the call with `args` returns.
    pub fn decide(&self, args: &Args) -> Decision {
        let values = self.bind(args);
        let open: Vec<&Exit> = (self.exits.iter())
            .filter(|e| e.when.iter().all(|c| c.eval(&values) != Some(false)))
            .collect();
        match (open.iter().any(|e| e.task), open.iter().all(|e| e.task)) {
            (true, true) => Decision::Task(
                (open.iter().any(|e| e.within_expression))
                    .then_some("the factory returns its task from within an expression"),
            ),
            (false, _) => Decision::NoTask,
            (true, false) => Decision::Unknown(self.reason(&open, &values)),
        }
    }

    fn reason(&self, open: &[&Exit], values: &[Value]) -> String {
        let mut tested = Vec::new();
        for exit in open {
            exit.when.iter().for_each(|c| c.params(&mut tested));
        }
        tested.sort_unstable();
        tested.dedup();
        let undecided: Vec<String> = (tested.iter())
            .filter(|&&p| values.get(p).is_none_or(|v| *v == Value::Unknown))
            .filter_map(|&p| self.params.get(p).map(|p| format!("`{}`", p.name)))
            .collect();
        match undecided.is_empty() {
            true => "returns a task on some paths only, and no argument selects them".to_owned(),
            false => format!(
                "returns a task on some paths only, and this call does not say which: {} unknown",
                undecided.join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, kind: ParamKind, default: Option<Value>) -> Param {
        let name = name.to_owned();
        Param {
            name,
            kind,
            default,
        }
    }

    /// sanic's `dispatch(event, *, inline=False)`: `if inline: return await …`, else the task.
    fn dispatch() -> Returns {
        let inline = || Cond::Test(Test::Truthy(1));
        Returns {
            params: vec![
                param("event", ParamKind::Either, None),
                param("inline", ParamKind::KeywordOnly, Some(Value::Bool(false))),
            ],
            exits: vec![
                Exit {
                    when: vec![inline()],
                    task: false,
                    within_expression: false,
                },
                Exit {
                    when: vec![Cond::Not(Box::new(inline()))],
                    task: true,
                    within_expression: false,
                },
            ],
        }
    }

    fn call(positional: Vec<Value>, keywords: &[(&str, Value)]) -> Args {
        Args {
            positional,
            keywords: (keywords.iter())
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            ..Args::default()
        }
    }

    #[test]
    fn the_arguments_select_the_path() {
        let f = dispatch();
        assert!(f.is_conditional());
        assert_eq!(
            f.decide(&call(vec![Value::Unknown], &[])),
            Decision::Task(None)
        );
        let inline = |v| call(vec![Value::Unknown], &[("inline", v)]);
        assert_eq!(f.decide(&inline(Value::Bool(true))), Decision::NoTask);
        assert_eq!(f.decide(&inline(Value::Bool(false))), Decision::Task(None));
        let Decision::Unknown(why) = f.decide(&inline(Value::Unknown)) else {
            panic!("decided")
        };
        assert!(why.contains("`inline`"), "{why}");
        let mut spread = call(vec![Value::Unknown], &[]);
        spread.spread_keywords = true;
        assert!(matches!(f.decide(&spread), Decision::Unknown(_)));
    }

    #[test]
    fn identity_and_equality_are_decided_for_literals_only() {
        assert_eq!(Value::None.is(&Value::None), Some(true));
        assert_eq!(Value::Str("a".into()).is(&Value::None), Some(false));
        assert_eq!(Value::Str("a".into()).is(&Value::Str("a".into())), None);
        assert_eq!(Value::Int(1).equals(&Value::Bool(true)), None);
        assert_eq!(Value::Int(2).equals(&Value::Int(2)), Some(true));
        let or = Cond::Or(vec![Cond::Opaque, Cond::Test(Test::Truthy(0))]);
        assert_eq!(or.eval(&[Value::Bool(true)]), Some(true));
        assert_eq!(or.eval(&[Value::Bool(false)]), None);
    }
}
