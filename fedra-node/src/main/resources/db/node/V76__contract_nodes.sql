-- The nodes a study asked (issue 18): with the organisation and the analyses they tell whether a new study repeats an
-- earlier one (policy repeatStudyApproval). Comma-separated sorted node ids; NULL for contracts proposed by a hub that
-- did not say, which are never taken for a repeat.
ALTER TABLE contracts ADD COLUMN nodes VARCHAR(4000);
