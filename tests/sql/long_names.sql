-- 64-character names (MariaDB's longest) on a self-reference: the has-many's names are
-- 140 characters. rustfmt changes three shapes of the models generated from this (a
-- parameter's `Option<...>` type, an assignment of a call, a long `-> Result<impl ...>`),
-- left to the emitter's rewrite; not yet in tests/corpus_models.rs for that reason.
CREATE TABLE career_portal_questionnaire_question_answer_history_revisions (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  previous_career_portal_questionnaire_question_answer_revision_id INT NULL,
  -- Named: the server's own name (`<table>_ibfk_1`) would be over 64 characters.
  CONSTRAINT fk_previous_revision
  FOREIGN KEY (previous_career_portal_questionnaire_question_answer_revision_id)
    REFERENCES career_portal_questionnaire_question_answer_history_revisions (id)
) ENGINE=InnoDB;
