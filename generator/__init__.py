"""Static open-data site generator for green building materials in Jilin Province."""
