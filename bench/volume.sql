-- A practice network's three years of records, generated in PostgreSQL (bench/run.py fills
-- the :placeholders). Dates run back from today; ids of each bulk insert are contiguous, so a
-- child row picks its parent by arithmetic instead of a join. Row counts follow :scale
-- (1.0 = 50k patients, 500k encounters, 100k claims, ~1M letters, denials and appeals);
-- the first bench patient ("the big chart") gets hundreds of records at every scale.
SELECT setseed(0.2026);
-- Columns the app fills in Python are given here as the app would leave them: a patient's
-- search columns (rules.patient_search_name, search_mrn) are folded by bench/run.py afterwards.

-- Columns added to the models after this file was written take their blank value while it runs
-- (Django keeps defaults in Python, not in the table); the defaults are dropped again at the end.
ALTER TABLE palliative_patient ALTER COLUMN middle_name SET DEFAULT '';
ALTER TABLE palliative_coverage ALTER COLUMN relationship SET DEFAULT '18';
ALTER TABLE palliative_acpsession ALTER COLUMN incident_to SET DEFAULT false;
ALTER TABLE palliative_acpsession ALTER COLUMN performed_by SET DEFAULT '';
ALTER TABLE billing_claim ALTER COLUMN adjusted_amount SET DEFAULT 0;
ALTER TABLE billing_claimline ALTER COLUMN adjusted_amount SET DEFAULT 0;
ALTER TABLE appeals_remittance ALTER COLUMN provider_adjustments SET DEFAULT '[]';
ALTER TABLE letters_letter ALTER COLUMN seal_hmac SET DEFAULT '';
ALTER TABLE letters_letter ALTER COLUMN seal_key_id SET DEFAULT '';
ALTER TABLE palliative_encounter ALTER COLUMN longitudinal_care SET DEFAULT false;
ALTER TABLE billing_claim ALTER COLUMN correction_flag SET DEFAULT '';
ALTER TABLE billing_claim ALTER COLUMN unprocessable_reason SET DEFAULT '';

-- Patients -----------------------------------------------------------------------------------
INSERT INTO palliative_patient (middle_name, search_name, search_mrn, first_name, last_name, date_of_birth, sex, mrn, phone, email, address_line1,
    address_line2, city, state, zip_code, proxy_name, proxy_relationship, proxy_phone, date_of_death, needs_review,
    created_at)
SELECT '', '', '', (ARRAY['Margaret','Dolores','Evelyn','Harold','Walter','Eugene','Ruth','José','Zoë','Chloé','Björn',
               'Frances','Raymond','Gloria','Ana','Mei','Olumide','Priya','Sean','Irène'])[1 + g % 20],
       (ARRAY['Smith','Johnson','García','Müller','Nguyen','O''Brien','Kowalski','Łukasik','Nuñez','Brown',
              'Davis','Rodríguez','Martínez','Hernández','Lopez','Wilson','Anderson','Thomas','Taylor','Moore',
              'Jackson','Martin','Lee','Pérez','Thompson','White','Harris','Sánchez','Clark','Ramírez',
              'Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott','Torres','Hill'])[1 + (g / 20) % 40]
           || CASE WHEN g % 7 = 0 THEN '' ELSE '-' || chr(65 + g % 26) || chr(97 + (g / 26) % 26) END,
       date '1925-01-01' + (g * 7919) % 25000,
       (ARRAY['F','M','F','M','U'])[1 + g % 5],
       'BN' || lpad(g::text, 8, '0'),
       '2175550' || lpad((g % 1000)::text, 3, '0'), '', g || ' Prairie Lane', '', 'Springfield', 'IL', '62701',
       CASE WHEN g % 3 = 0 THEN 'Family member' ELSE '' END, '', '',
       CASE WHEN g % 12 = 0 THEN current_date - (g % 1000) END,
       g % 12 = 0 AND g % 5 = 0,
       now() - make_interval(days => 1100 - g % 1100)
FROM generate_series(1, :patients) g;

-- The folded search columns palliative.Patient.save() derives (rules.patient_search_name, search_mrn).
UPDATE palliative_patient p SET search_mrn = lower(p.mrn),
       search_name = ' ' || f.first || ' ' || f.last
           || CASE WHEN f.last LIKE '% %' THEN ' ' || replace(f.last, ' ', '') ELSE '' END || ' '
FROM (SELECT id,
             trim(regexp_replace(lower(translate(replace(first_name, '''', ''), 'áéíóúñüöëłèçÁÉÍÓÚÑÜÖËŁÈÇ',
                  'aeiounuoelecaeiounuoelec')), '[^a-z0-9]+', ' ', 'g')) AS first,
             trim(regexp_replace(lower(translate(replace(last_name, '''', ''), 'áéíóúñüöëłèçÁÉÍÓÚÑÜÖËŁÈÇ',
                  'aeiounuoelecaeiounuoelec')), '[^a-z0-9]+', ' ', 'g')) AS last
      FROM palliative_patient WHERE mrn LIKE 'BN%') f
WHERE p.id = f.id;

CREATE TEMP TABLE bench_ids AS
SELECT min(id) AS p0, count(*) AS np FROM palliative_patient WHERE mrn LIKE 'BN%';

INSERT INTO palliative_coverage (relationship, member_id, group_number, subscriber_name, priority, effective_from, effective_to,
    patient_id, payer_id)
SELECT '18', 'M' || p.id, '', '', 'primary', date '2020-01-01', NULL, p.id,
       (:payers::bigint[])[1 + p.id % array_length(:payers::bigint[], 1)]
FROM palliative_patient p WHERE p.mrn LIKE 'BN%' ORDER BY p.id;

INSERT INTO palliative_hospiceelection (start_date, end_date, agency_name, attending_employed_by_hospice,
    terminal_diagnosis, patient_id, attending_id)
SELECT current_date - (p.id % 900)::int, NULL, 'Prairie Hospice', false, 'C34.90', p.id, NULL
FROM palliative_patient p WHERE p.mrn LIKE 'BN%' AND p.id % 20 = 3;

-- Encounters: uniform over three years (about 450 a day at full scale), the first 400 on the big chart.
INSERT INTO palliative_encounter (date_of_service, setting, em_code, level_basis, diagnosis_codes, total_minutes,
    medical_necessity_note, goals_of_care_note, related_to_hospice, unrelated_problem, created_at, created_by_id,
    patient_id, provider_id)
SELECT e.dos,
       (ARRAY['office','home','nursing_facility','inpatient'])[1 + e.g % 4],
       (ARRAY['99214','99349','99309','99233'])[1 + e.g % 4],
       'time',
       CASE WHEN e.missing AND e.g % 3 = 0 THEN '[]'::jsonb ELSE '["Z51.5", "C34.90"]'::jsonb END,
       CASE WHEN e.missing AND e.g % 3 = 1 THEN NULL ELSE 50 + e.g % 30 END,
       'Symptom burden and goals reviewed; continued palliative follow-up is medically necessary.',
       CASE WHEN e.missing AND e.g % 3 = 2 THEN '' ELSE 'Goals of care discussed with patient and proxy.' END,
       false, false,
       e.dos + time '09:00' + make_interval(mins => e.g % 480),
       :user_id,
       CASE WHEN e.g <= 400 THEN b.p0 ELSE b.p0 + e.g % b.np END,
       (:providers::bigint[])[1 + e.g % array_length(:providers::bigint[], 1)]
FROM bench_ids b,
     LATERAL (
         SELECT g, d AS dos,
                -- documentation is mostly finished within days; a little stays missing for long
                CASE WHEN current_date - d <= 14 THEN random() < 0.3 ELSE random() < 0.003 END AS missing
         FROM (SELECT g, current_date - (random() * 1095)::int AS d FROM generate_series(1, :encounters) g) s
     ) e;

ALTER TABLE bench_ids ADD COLUMN e0 bigint, ADD COLUMN ne bigint;
UPDATE bench_ids SET e0 = (SELECT min(id) FROM palliative_encounter WHERE created_by_id = :user_id),
                     ne = (SELECT count(*) FROM palliative_encounter WHERE created_by_id = :user_id);

INSERT INTO palliative_acpsession (incident_to, performed_by, date_of_service, minutes, participants, patient_present, incapacity_note,
    consent_documented, summary, change_since_last, advance_directive_completed, with_annual_wellness_visit,
    created_at, created_by_id, encounter_id, patient_id, provider_id)
SELECT false, '', e.date_of_service, 20 + e.id % 40, 'Patient, daughter', true, '', e.id % 50 <> 0,
       'Discussed code status and POLST.', '', e.id % 4 = 0, false, e.created_at, e.created_by_id, e.id,
       e.patient_id, e.provider_id
FROM palliative_encounter e, bench_ids b
WHERE e.created_by_id = :user_id AND e.id % 10 = 0;

-- Claims: one for every fifth encounter; status follows the age of the visit.
INSERT INTO billing_claim (adjusted_amount, status, place_of_service, frequency_code, payer_claim_number, patient_control_number,
    diagnosis_codes, paid_amount, scrub_errors, scrub_warnings, scrubbed_at, created_at, submitted_at, coverage_id,
    created_by_id, encounter_id, original_claim_id, patient_id, rendering_provider_id)
SELECT 0, c.status,
       (ARRAY['11','12','32','21'])[1 + (e.id % 4)::int], '1',
       CASE WHEN c.status IN ('draft', 'ready', 'submitted') THEN '' ELSE 'PCN' || e.id END,
       'BN' || e.id,
       e.diagnosis_codes,
       CASE c.status WHEN 'paid' THEN 150 WHEN 'partially_paid' THEN 80 ELSE 0 END,
       CASE WHEN c.status = 'draft' AND e.id % 3 = 0 THEN 1 ELSE 0 END, 0,
       e.created_at + interval '1 hour', e.created_at + interval '1 hour',
       CASE WHEN c.status NOT IN ('draft', 'ready') THEN e.created_at + interval '2 days' END,
       cv.id, :user_id, e.id, NULL, e.patient_id, e.provider_id
FROM palliative_encounter e JOIN palliative_coverage cv ON cv.patient_id = e.patient_id,
     LATERAL (
         SELECT CASE
             WHEN current_date - e.date_of_service <= 5 THEN (ARRAY['draft','ready'])[1 + (e.id % 2)::int]
             WHEN current_date - e.date_of_service <= 45 THEN 'submitted'
             ELSE (ARRAY['paid','paid','paid','paid','paid','paid','paid','paid','paid','paid','paid',
                         'partially_paid','partially_paid','denied','denied','denied','appealed','appealed',
                         'submitted','void'])[1 + (e.id / 5 % 20)::int]
         END AS status
     ) c
WHERE e.created_by_id = :user_id AND e.id % 5 = 0
  AND e.diagnosis_codes <> '[]' AND e.total_minutes IS NOT NULL AND e.goals_of_care_note <> '';

INSERT INTO billing_claimline (adjusted_amount, line_number, procedure_code, modifiers, units, charge, diagnosis_pointers,
    date_of_service, paid_amount, acp_session_id, claim_id, encounter_id)
SELECT 0, 1, e.em_code, '[]', 1, 190, '[1, 2]', e.date_of_service, cl.paid_amount, NULL, cl.id, e.id
FROM billing_claim cl JOIN palliative_encounter e ON e.id = cl.encounter_id WHERE cl.created_by_id = :user_id;
INSERT INTO billing_claimline (adjusted_amount, line_number, procedure_code, modifiers, units, charge, diagnosis_pointers,
    date_of_service, paid_amount, acp_session_id, claim_id, encounter_id)
SELECT 0, 2, '99497', '[]', 1, 85, '[1]', a.date_of_service, 0, a.id, cl.id, NULL
FROM billing_claim cl JOIN palliative_acpsession a ON a.encounter_id = cl.encounter_id
WHERE cl.created_by_id = :user_id AND a.consent_documented;

-- Remittances: one 835 a week from each payer.
INSERT INTO appeals_remittance (provider_adjustments, source, payer_name, trace_number, payer_reference, payment_amount, payment_method,
    payment_date, notice_date, received_date, file_name, origin, content_sha256, notes, posted_at, payer_id,
    posted_by_id)
SELECT '[]', '835', p.name, w || '-' || p.id, '1' || p.payer_id, 10000, 'ACH',
       current_date - w * 7, current_date - w * 7, current_date - w * 7 + 2, 'era-' || w || '.835', 'bench', '', '',
       now() - make_interval(days => w * 7), p.id, :user_id
FROM generate_series(1, 157) w, palliative_payer p WHERE p.id = ANY(:payers::bigint[]);

-- One payment per adjudicated claim, and one more for each extra denial below.
INSERT INTO appeals_claimpayment (patient_control_number, status_code, charge, paid, patient_responsibility,
    payer_claim_number, adjustments, remarks, unmatched_reason, claim_id, remittance_id)
SELECT cl.patient_control_number, CASE WHEN cl.status = 'denied' THEN '4' ELSE '1' END, 275, cl.paid_amount, 0,
       cl.payer_claim_number, '[]', '[]', '', cl.id,
       r.id
FROM billing_claim cl JOIN palliative_coverage cv ON cv.id = cl.coverage_id
JOIN appeals_remittance r ON r.origin = 'bench' AND r.payer_id = cv.payer_id
                         AND r.trace_number = (1 + (cl.id / 5) % 150) || '-' || cv.payer_id
WHERE cl.created_by_id = :user_id AND cl.status IN ('paid', 'partially_paid', 'denied', 'appealed');

-- Denials: about 150k at full scale, several per denied claim over its reprocessings.
CREATE TEMP TABLE bench_denied AS
SELECT row_number() OVER (ORDER BY cl.id) AS n, cl.id AS claim_id, cl.patient_control_number, cv.payer_id,
       cl.created_at::date AS dos
FROM billing_claim cl JOIN palliative_coverage cv ON cv.id = cl.coverage_id
WHERE cl.created_by_id = :user_id AND cl.status IN ('partially_paid', 'denied', 'appealed');

CREATE TEMP TABLE bench_denial_src AS
SELECT g, d.claim_id, d.patient_control_number, d.payer_id,
       least(current_date, d.dos + 30 + (g % 400)) AS notice_date
FROM generate_series(1, :denials) g
JOIN bench_denied d ON d.n = 1 + g % (SELECT count(*) FROM bench_denied);

INSERT INTO appeals_claimpayment (patient_control_number, status_code, charge, paid, patient_responsibility,
    payer_claim_number, adjustments, remarks, unmatched_reason, claim_id, remittance_id)
SELECT s.patient_control_number || '-' || s.g, '4', 190, 0, 0, 'DN' || s.g, '[]', '[]', '', s.claim_id,
       r.id
FROM bench_denial_src s
JOIN appeals_remittance r ON r.origin = 'bench' AND r.trace_number = (1 + s.g % 150) || '-' || s.payer_id
ORDER BY s.g;

INSERT INTO appeals_denial (status, notice_date, received_date, group_code, carc, rarcs, amount, category, route,
    appeal_deadline, exception_reason, notes, created_at, claim_id, claim_line_id, claim_payment_id, owner_id,
    payer_id, line_payment_id)
SELECT st.status, s.notice_date, s.notice_date + 3, 'CO', k.carc, '[]', 190, k.category, k.route,
       s.notice_date + 120, '', '', s.notice_date + time '12:00', s.claim_id, NULL, cp.id,
       CASE WHEN s.g % 3 = 0 THEN :user_id END, s.payer_id, NULL
FROM bench_denial_src s
JOIN appeals_claimpayment cp ON cp.patient_control_number = s.patient_control_number || '-' || s.g
CROSS JOIN LATERAL (
    SELECT (ARRAY['50','16','97','29','197','B7'])[1 + s.g % 6] AS carc,
           (ARRAY['medical_necessity','missing_information','coding_bundling','timely_filing','authorization',
                  'other'])[1 + s.g % 6] AS category,
           (ARRAY['appeal_with_lmn','corrected_claim','appeal','not_appealable','appeal','appeal'])[1 + s.g % 6]
               AS route
) k
CROSS JOIN LATERAL (
    SELECT CASE WHEN current_date - s.notice_date <= 60
                THEN (ARRAY['open','open','appealing','corrected'])[1 + s.g % 4]
                ELSE (ARRAY['won','won','won','lost','lost','written_off','written_off','corrected','appealing',
                            'open'])[1 + s.g % 10]
           END AS status
) st;

-- Letters of medical necessity: about 300k requests; open ones are recent.
INSERT INTO letters_lmnrequest (status, member_id, group_number, procedure_code, treatment, diagnosis_codes,
    frequency_duration, clinical_history, alternatives_tried, rationale, requested_by, requester_name, due_date,
    created_at, submitted_on, submission_method, submission_reference, response_on, denial_reason, closing_note,
    created_by_id, patient_id, payer_id, provider_id)
SELECT r.status, 'M' || r.patient_id, '', 'E0250', 'Hospital bed', '["C34.90"]', '12 months',
       'Progressive dyspnoea; bed-bound most of the day.', 'Standard bed', 'Prevents aspiration and pressure injury.',
       'staff', '', r.created::date + 14, r.created,
       CASE WHEN r.status IN ('submitted','approved','denied') THEN r.created::date + 7 END,
       CASE WHEN r.status IN ('submitted','approved','denied') THEN 'fax' ELSE '' END, '',
       CASE WHEN r.status IN ('approved','denied') THEN r.created::date + 7 + (r.g % 40) END,
       CASE WHEN r.status = 'denied' THEN 'Not medically necessary' ELSE '' END, '',
       :user_id, r.patient_id,
       (:payers::bigint[])[1 + r.patient_id % array_length(:payers::bigint[], 1)],
       (:providers::bigint[])[1 + r.g % array_length(:providers::bigint[], 1)]
FROM bench_ids b,
     LATERAL (
         SELECT g, CASE WHEN g <= 150 THEN b.p0 ELSE b.p0 + g % b.np END AS patient_id,
                now() - make_interval(days => age) AS created,
                CASE WHEN age <= 10 THEN (ARRAY['requested','gathering_records','drafted','in_review','signed',
                                                'submitted'])[1 + g % 6]
                     WHEN age <= 60 THEN (ARRAY['submitted','submitted','approved','denied','withdrawn'])[1 + g % 5]
                     ELSE (ARRAY['approved','approved','approved','approved','denied','withdrawn'])[1 + g % 6]
                END AS status
         FROM (SELECT g, (random() * 1095)::int AS age FROM generate_series(1, :requests) g) a
     ) r;

INSERT INTO letters_letter (seal_hmac, seal_key_id, kind, subject, facts, body, version, awaiting_signature_since, signed_at, content_sha256,
    created_at, updated_at, created_by_id, patient_id, payer_id, provider_id, signed_by_id, supersedes_id,
    lmn_request_id)
SELECT '', '', 'lmn', 'Hospital bed (E0250)', '{}',
       'To whom it may concern: this patient, under our palliative care, needs a hospital bed because of '
       || 'progressive dyspnoea and pressure injury risk. Alternatives were tried and failed.',
       1,
       CASE WHEN r.status = 'in_review' THEN r.created_at::date + 3 END,
       s.signed_at,
       CASE WHEN s.signed_at IS NULL THEN '' ELSE md5(r.id::text) || md5(r.id::text || 'x') END,
       r.created_at + interval '2 days', r.created_at + interval '3 days', :user_id, r.patient_id, r.payer_id,
       r.provider_id, CASE WHEN s.signed_at IS NOT NULL THEN pv.user_id END, NULL, r.id
FROM letters_lmnrequest r
JOIN palliative_provider pv ON pv.id = r.provider_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.status IN ('signed','submitted','approved','denied') THEN r.created_at + interval '5 days'
           END AS signed_at
) s
WHERE r.created_by_id = :user_id AND r.status NOT IN ('requested', 'gathering_records', 'withdrawn');

INSERT INTO letters_supportingdocument (doc_type, document_date, description, file, content_type, extension, size,
    sha256, uploaded_at, lmn_request_id, uploaded_by_id)
SELECT 'medical_record', r.created_at::date, 'Clinic note', 'lmn/bench/' || r.id || '.pdf', 'application/pdf', 'pdf',
       20480, md5(r.id::text) || md5(r.id::text), r.created_at + interval '1 day', r.id, :user_id
FROM letters_lmnrequest r WHERE r.created_by_id = :user_id AND r.id % 3 = 0;

-- Appeals: one for each denial being or once appealed; a fifth go to a second level.
INSERT INTO appeals_appeal (status, level, expedited, notice_date, received_date, notice_deadline, deadline, filed_on,
    reference, decision_due, decided_on, amount_in_controversy, amount_recovered, created_at, created_by_id,
    owner_id, previous_id, denial_id, letter_id, lmn_request_id)
SELECT a.status, 'redetermination', false, d.notice_date, d.received_date, NULL, d.appeal_deadline,
       CASE WHEN a.status <> 'drafting' THEN d.notice_date + 20 END, '',
       CASE WHEN a.status <> 'drafting' THEN d.notice_date + 80 END,
       CASE WHEN a.status IN ('overturned','partially','upheld') THEN d.notice_date + 20 + (d.id % 90)::int END,
       190, CASE a.status WHEN 'overturned' THEN 190 WHEN 'partially' THEN 95 ELSE 0 END,
       d.created_at + interval '2 days', :user_id, d.owner_id, NULL, d.id, NULL, NULL
FROM appeals_denial d
CROSS JOIN LATERAL (
    SELECT CASE d.status WHEN 'appealing' THEN (ARRAY['drafting','filed'])[1 + (d.id % 2)::int]
                         WHEN 'won' THEN (ARRAY['overturned','overturned','partially'])[1 + (d.id % 3)::int]
                         ELSE 'upheld' END AS status
) a
WHERE d.claim_payment_id IN (SELECT id FROM appeals_claimpayment WHERE payer_claim_number LIKE 'DN%')
  AND d.status IN ('appealing', 'won', 'lost');

INSERT INTO appeals_appeal (status, level, expedited, notice_date, received_date, notice_deadline, deadline, filed_on,
    reference, decision_due, decided_on, amount_in_controversy, amount_recovered, created_at, created_by_id,
    owner_id, previous_id, denial_id, letter_id, lmn_request_id)
SELECT CASE WHEN p.id % 2 = 0 THEN 'filed' ELSE 'overturned' END, 'reconsideration', false, p.decided_on,
       p.decided_on + 3, NULL, p.decided_on + 180, p.decided_on + 30, '', p.decided_on + 90,
       CASE WHEN p.id % 2 = 1 THEN p.decided_on + 60 END, 190, CASE WHEN p.id % 2 = 1 THEN 190 ELSE 0 END,
       p.created_at + interval '90 days', :user_id, p.owner_id, p.id, p.denial_id, NULL, NULL
FROM appeals_appeal p
WHERE p.created_by_id = :user_id AND p.status = 'upheld' AND p.decided_on < current_date - 90;

-- Appeal letters, signed once the appeal is filed.
INSERT INTO letters_letter (seal_hmac, seal_key_id, kind, subject, facts, body, version, awaiting_signature_since, signed_at, content_sha256,
    created_at, updated_at, created_by_id, patient_id, payer_id, provider_id, signed_by_id, supersedes_id,
    lmn_request_id)
SELECT '', '', 'appeal', 'Request for redetermination', jsonb_build_object('appeal', a.id),
       'We ask the payer to reconsider the denial of this claim; the visit notes and the letter of medical '
       || 'necessity are enclosed.', 1,
       CASE WHEN a.status = 'drafting' THEN a.created_at::date END,
       CASE WHEN a.status <> 'drafting' THEN a.created_at + interval '3 days' END,
       CASE WHEN a.status <> 'drafting' THEN md5(a.id::text) || md5(a.id::text || 'a') ELSE '' END,
       a.created_at, a.created_at, :user_id, cl.patient_id, d.payer_id, cl.rendering_provider_id,
       CASE WHEN a.status <> 'drafting' THEN pv.user_id END, NULL, NULL
FROM appeals_appeal a
JOIN appeals_denial d ON d.id = a.denial_id
JOIN billing_claim cl ON cl.id = d.claim_id
JOIN palliative_provider pv ON pv.id = cl.rendering_provider_id
WHERE a.created_by_id = :user_id;

UPDATE appeals_appeal a SET letter_id = l.id
FROM letters_letter l
WHERE l.kind = 'appeal' AND l.created_by_id = :user_id AND (l.facts ->> 'appeal')::bigint = a.id;

-- The deferred foreign-key checks run now: a table with pending checks cannot be altered.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE palliative_patient ALTER COLUMN middle_name DROP DEFAULT;
ALTER TABLE palliative_coverage ALTER COLUMN relationship DROP DEFAULT;
ALTER TABLE palliative_acpsession ALTER COLUMN incident_to DROP DEFAULT;
ALTER TABLE palliative_acpsession ALTER COLUMN performed_by DROP DEFAULT;
ALTER TABLE billing_claim ALTER COLUMN adjusted_amount DROP DEFAULT;
ALTER TABLE billing_claimline ALTER COLUMN adjusted_amount DROP DEFAULT;
ALTER TABLE appeals_remittance ALTER COLUMN provider_adjustments DROP DEFAULT;
ALTER TABLE letters_letter ALTER COLUMN seal_hmac DROP DEFAULT;
ALTER TABLE letters_letter ALTER COLUMN seal_key_id DROP DEFAULT;
ALTER TABLE palliative_encounter ALTER COLUMN longitudinal_care DROP DEFAULT;
ALTER TABLE billing_claim ALTER COLUMN correction_flag DROP DEFAULT;
ALTER TABLE billing_claim ALTER COLUMN unprocessable_reason DROP DEFAULT;
