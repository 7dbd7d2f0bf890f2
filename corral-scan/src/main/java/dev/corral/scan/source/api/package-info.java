/**
 * Candidates straight from the Shodan and Censys search APIs ({@code corral scan --shodan-query} /
 * {@code --censys-query}): {@link dev.corral.scan.source.api.ShodanClient} and {@link
 * dev.corral.scan.source.api.CensysClient}, each handing out a lazy {@link
 * dev.corral.scan.source.api.ApiSearch} of {@link dev.corral.scan.source.Candidate}s.
 *
 * <p>Both clients spend the user's money, so they estimate what a search costs before paging and
 * refuse past a budget ({@link dev.corral.scan.source.api.BudgetException}), pace their requests,
 * back off on rate limits and retry server errors. Every failure is an {@link
 * dev.corral.scan.source.api.ApiException} with a one-line message that never contains the key.
 * Base URLs are configurable so tests run against local fakes.
 */
package dev.corral.scan.source.api;
