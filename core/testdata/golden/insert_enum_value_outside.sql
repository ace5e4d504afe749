-- A value outside the column's enum is refused by Compile, before anything is sent.

-- postgres
-- error: retort: invalid statement: column signal.colour of enum type signal_colour: "blue" is not one of its values ["red" "amber" "green" "it's \\ odd"]

-- sqlite
-- error: retort: invalid statement: column signal.colour of enum type signal_colour: "blue" is not one of its values ["red" "amber" "green" "it's \\ odd"]

-- mysql
-- error: retort: invalid statement: column signal.colour of enum type signal_colour: "blue" is not one of its values ["red" "amber" "green" "it's \\ odd"]

-- mariadb
-- error: retort: invalid statement: column signal.colour of enum type signal_colour: "blue" is not one of its values ["red" "amber" "green" "it's \\ odd"]
