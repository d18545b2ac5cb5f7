//! The struct (7 lines) plus its block (393 lines) are exactly the default `max_lines` (400).
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}
impl Validator {
    fn validate(&self, x: u32) -> u32 {
        x
    }
}

#[derive(Debug, Default)]
struct Store;
impl Component for Store {}
impl Store {
    fn put(&mut self, x: u32) -> u32 {
        x
    }
}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    pub fn validate_0(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_1(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_2(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_3(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_4(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_5(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_6(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_7(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_8(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_9(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_10(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_11(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_12(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_13(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_14(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_15(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_16(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_17(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_18(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_19(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_20(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_21(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_22(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_23(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_24(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_25(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_26(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_27(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_28(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_29(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_30(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_31(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_32(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_33(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_34(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_35(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_36(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_37(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_38(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_39(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_40(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_41(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_42(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_43(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_44(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_45(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_46(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_47(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_48(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_49(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_50(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_51(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_52(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_53(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_54(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_55(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_56(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_57(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_58(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_59(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_60(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_61(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_62(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_63(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_64(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_65(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_66(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_67(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_68(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_69(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_70(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_71(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_72(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_73(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_74(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_75(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_76(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_77(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_78(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_79(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_80(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_81(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_82(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_83(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_84(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_85(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_86(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_87(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_88(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_89(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_90(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_91(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_92(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_93(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_94(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_95(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_96(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn validate_97(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.validate_0(1), 1);
}
