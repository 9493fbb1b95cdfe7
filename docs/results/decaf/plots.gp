set terminal pngcairo noenhanced size 1200,900 font ',10'
set output 'docs/results/decaf/fronts.png'
set multiplot layout 2,2 title 'DECAF utility-fairness fronts (each line: beta = 0 ... 0.999; mean over seeds)'
set title 'matthew'
set xlabel 'utility (sum over agents)'
set ylabel 'variance of the fairness vector'
set key top left
plot 'docs/results/decaf/data/front_matthew_decaf-jo.dat' using 2:3 with linespoints title 'decaf-jo', 'docs/results/decaf/data/front_matthew_decaf-so.dat' using 2:3 with linespoints title 'decaf-so', 'docs/results/decaf/data/front_matthew_decaf-fo.dat' using 2:3 with linespoints title 'decaf-fo'
set title 'job'
set xlabel 'utility (sum over agents)'
set ylabel 'variance of the fairness vector'
set key top left
plot 'docs/results/decaf/data/front_job_decaf-jo.dat' using 2:3 with linespoints title 'decaf-jo', 'docs/results/decaf/data/front_job_decaf-so.dat' using 2:3 with linespoints title 'decaf-so', 'docs/results/decaf/data/front_job_decaf-fo.dat' using 2:3 with linespoints title 'decaf-fo'
set title 'plant'
set xlabel 'utility (sum over agents)'
set ylabel 'variance of the fairness vector'
set key top left
plot 'docs/results/decaf/data/front_plant_decaf-jo.dat' using 2:3 with linespoints title 'decaf-jo', 'docs/results/decaf/data/front_plant_decaf-so.dat' using 2:3 with linespoints title 'decaf-so', 'docs/results/decaf/data/front_plant_decaf-fo.dat' using 2:3 with linespoints title 'decaf-fo'
set title 'biaseddm'
set xlabel 'utility (sum over agents)'
set ylabel 'variance of the fairness vector'
set key top left
plot 'docs/results/decaf/data/front_biaseddm_decaf-jo.dat' using 2:3 with linespoints title 'decaf-jo', 'docs/results/decaf/data/front_biaseddm_decaf-so.dat' using 2:3 with linespoints title 'decaf-so', 'docs/results/decaf/data/front_biaseddm_decaf-fo.dat' using 2:3 with linespoints title 'decaf-fo'
unset multiplot
set output 'docs/results/decaf/heat_matthew_decaf-so.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'matthew, decaf-so: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_matthew_decaf-so_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_matthew_decaf-so_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_matthew_decaf-so_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_matthew_decaf-fo.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'matthew, decaf-fo: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_matthew_decaf-fo_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_matthew_decaf-fo_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_matthew_decaf-fo_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_job_decaf-so.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'job, decaf-so: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_job_decaf-so_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_job_decaf-so_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_job_decaf-so_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_job_decaf-fo.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'job, decaf-fo: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_job_decaf-fo_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_job_decaf-fo_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_job_decaf-fo_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_plant_decaf-so.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'plant, decaf-so: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_plant_decaf-so_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_plant_decaf-so_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_plant_decaf-so_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_plant_decaf-fo.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'plant, decaf-fo: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_plant_decaf-fo_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_plant_decaf-fo_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_plant_decaf-fo_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_biaseddm_decaf-so.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'biaseddm, decaf-so: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-so_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-so_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-so_normalised.dat' matrix with image
unset multiplot
set output 'docs/results/decaf/heat_biaseddm_decaf-fo.png'
set terminal pngcairo noenhanced size 1500,450 font ',10'
set multiplot layout 1,3 title 'biaseddm, decaf-fo: beta_train (rows) x beta_test (columns)'
set xlabel 'beta_test'
set ylabel 'beta_train'
set palette rgbformulae 33,13,10
unset key
set xtics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set ytics ('0' 0, '0.01' 1, '0.1' 2, '0.5' 3, '0.9' 4, '0.99' 5, '0.999' 6)
set title 'utility'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-fo_utility.dat' matrix with image
set title 'variance'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-fo_variance.dat' matrix with image
set title 'normalised objective'
plot 'docs/results/decaf/data/heat_biaseddm_decaf-fo_normalised.dat' matrix with image
unset multiplot
