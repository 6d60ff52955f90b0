"""On PostgreSQL, a dictionary of the distinct name keys in use, with their Metaphone codes and a trigram index, for
fuzzy person search (ADR 0007). A misspelt name is matched against the distinct forename and surname keys rather
than against every person's name; people are then fetched by exact keys (migration 0003). Statement-level triggers
keep the dictionary in step with every insert and update of people (bulk inserts included); keys no longer in use
stay, which costs nothing but an empty lookup. The trigram index over every person's whole name (0002) is
dropped, as nothing searches it any more. SQLite has neither: person matching falls back to prefix keys there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS people_name_key (
        part char(1) NOT NULL CHECK (part IN ('g', 'f')),
        key varchar(100) NOT NULL,
        phonetic varchar(20) NOT NULL,
        PRIMARY KEY (part, key)
    )""",
    """COMMENT ON TABLE people_name_key IS
        'Distinct given (g) and family (f) name keys of people, kept by triggers on people_person, for fuzzy search'""",
    "CREATE INDEX IF NOT EXISTS people_name_key_trgm_idx ON people_name_key USING gin (key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS people_name_key_phonetic_idx ON people_name_key (phonetic)",
    """CREATE OR REPLACE FUNCTION people_name_key_collect() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO people_name_key (part, key, phonetic)
            SELECT 'g', given_name_key, min(given_name_phonetic) FROM changed_people
                WHERE given_name_key <> '' GROUP BY given_name_key
            UNION ALL
            SELECT 'f', family_name_key, min(family_name_phonetic) FROM changed_people
                WHERE family_name_key <> '' GROUP BY family_name_key
        ON CONFLICT (part, key) DO UPDATE SET phonetic = EXCLUDED.phonetic
            WHERE people_name_key.phonetic = '' AND EXCLUDED.phonetic <> '';
        RETURN NULL;
    END
    $$""",
    "DROP TRIGGER IF EXISTS people_person_name_key_insert ON people_person",
    """CREATE TRIGGER people_person_name_key_insert AFTER INSERT ON people_person
        REFERENCING NEW TABLE AS changed_people FOR EACH STATEMENT EXECUTE FUNCTION people_name_key_collect()""",
    "DROP TRIGGER IF EXISTS people_person_name_key_update ON people_person",
    """CREATE TRIGGER people_person_name_key_update AFTER UPDATE ON people_person
        REFERENCING NEW TABLE AS changed_people FOR EACH STATEMENT EXECUTE FUNCTION people_name_key_collect()""",
    """INSERT INTO people_name_key (part, key, phonetic)
        SELECT 'g', given_name_key, min(given_name_phonetic) FROM people_person
            WHERE given_name_key <> '' GROUP BY given_name_key
        UNION ALL
        SELECT 'f', family_name_key, min(family_name_phonetic) FROM people_person
            WHERE family_name_key <> '' GROUP BY family_name_key
    ON CONFLICT DO NOTHING""",
    "ANALYZE people_name_key",
    "DROP INDEX IF EXISTS person_search_name_trgm_idx",
]

DROP = [
    "CREATE INDEX IF NOT EXISTS person_search_name_trgm_idx ON people_person USING gin (search_name gin_trgm_ops)",
    "DROP TRIGGER IF EXISTS people_person_name_key_update ON people_person",
    "DROP TRIGGER IF EXISTS people_person_name_key_insert ON people_person",
    "DROP FUNCTION IF EXISTS people_name_key_collect()",
    "DROP TABLE IF EXISTS people_name_key",
]


def create_name_key_dictionary(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop_name_key_dictionary(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_name_key_indexes")]
    operations = [migrations.RunPython(create_name_key_dictionary, drop_name_key_dictionary)]
