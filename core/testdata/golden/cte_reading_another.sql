-- A CTE that reads another: the one it reads comes first in WITH, whatever the order of use.

-- postgres
WITH sales AS (SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold FROM invoice_line WHERE invoice_line.unit_price > $1 GROUP BY invoice_line.track_id), best_sellers AS (SELECT sales.track_id, sales.sold FROM sales WHERE sales.sold >= $2) SELECT track.name, best_sellers.sold FROM track JOIN best_sellers ON best_sellers.track_id = track.track_id
-- args: [1, 3]

-- sqlite
WITH sales AS (SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold FROM invoice_line WHERE invoice_line.unit_price > ? GROUP BY invoice_line.track_id), best_sellers AS (SELECT sales.track_id, sales.sold FROM sales WHERE sales.sold >= ?) SELECT track.name, best_sellers.sold FROM track JOIN best_sellers ON best_sellers.track_id = track.track_id
-- args: [1, 3]

-- mysql
WITH sales AS (SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold FROM invoice_line WHERE invoice_line.unit_price > ? GROUP BY invoice_line.track_id), best_sellers AS (SELECT sales.track_id, sales.sold FROM sales WHERE sales.sold >= ?) SELECT track.name, best_sellers.sold FROM track JOIN best_sellers ON best_sellers.track_id = track.track_id
-- args: [1, 3]

-- mariadb
WITH sales AS (SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold FROM invoice_line WHERE invoice_line.unit_price > ? GROUP BY invoice_line.track_id), best_sellers AS (SELECT sales.track_id, sales.sold FROM sales WHERE sales.sold >= ?) SELECT track.name, best_sellers.sold FROM track JOIN best_sellers ON best_sellers.track_id = track.track_id
-- args: [1, 3]
