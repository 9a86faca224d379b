"""The Local Information System: open local statistics, maps, area profiles,
the needs assessment, a data catalogue, and CKAN- and Fingertips-compatible APIs."""
